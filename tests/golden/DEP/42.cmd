history -r a002:
