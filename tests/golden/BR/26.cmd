show aaa001
