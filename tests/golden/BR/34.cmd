history -r eee005:ddd004
