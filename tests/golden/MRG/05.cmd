branches -v
