downgrade --sql abc:+1
