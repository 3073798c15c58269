downgrade --sql abc:1975-1
