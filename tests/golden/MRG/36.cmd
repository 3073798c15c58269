show fff006-1
