history -r ccc003:ddd004
