show eee005
