"""What every area shares: helpers with no area of their own."""
