show n002
