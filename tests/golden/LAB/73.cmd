history -r a002@a002:
