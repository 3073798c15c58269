show fff006
