history -r bbb002:ddd004
