show n001
