history -r :-2
