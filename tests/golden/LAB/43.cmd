show xl
