show '1975 '
