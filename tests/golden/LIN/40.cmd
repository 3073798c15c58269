show abc-1
