show x002
