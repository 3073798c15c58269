show ccc003
