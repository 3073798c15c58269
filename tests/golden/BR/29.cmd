show ddd004
