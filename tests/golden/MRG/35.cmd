history -r :fff006
