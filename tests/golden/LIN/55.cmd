history -r :abc-1
