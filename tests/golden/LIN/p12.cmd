downgrade --sql abc:ae1027+1
