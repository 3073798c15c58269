show zzzz
