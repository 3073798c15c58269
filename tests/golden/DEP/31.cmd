show b003
