history -r ccc003:ggg007
