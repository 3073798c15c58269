history -r bbb002:fff006
