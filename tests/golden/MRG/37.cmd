history -r :fff006-1
