static DEFINE_MUTEX(a_mutex);
static DEFINE_SPINLOCK(b_lock);

void take_a_then_b(void)
{
	mutex_lock(&a_mutex);
	spin_lock(&b_lock);
	spin_unlock(&b_lock);
	mutex_unlock(&a_mutex);
}

void take_b_then_a(void)
{
	spin_lock(&b_lock);
	mutex_lock(&a_mutex); /* faultline: ignore lock-order-inversion -- boot only, single threaded */
	mutex_unlock(&a_mutex);
	spin_unlock(&b_lock);
}
