history -r x002:x04a
