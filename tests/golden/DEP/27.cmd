show a002
