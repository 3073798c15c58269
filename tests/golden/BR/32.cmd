history -r bbb002:
