history -r aaa001:+2
