history -r :b002
