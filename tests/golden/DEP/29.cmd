show b001
