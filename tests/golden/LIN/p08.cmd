downgrade --sql abc:base
