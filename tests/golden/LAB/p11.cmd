downgrade --sql n002:networking@base
