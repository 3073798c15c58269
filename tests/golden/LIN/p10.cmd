downgrade --sql abc:-6
