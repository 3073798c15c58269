show b002
