show alpha@heads
