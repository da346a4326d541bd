struct tbl {
	struct rw_semaphore sem;
	int slots[16];
};

int tbl_load(struct tbl *t, const int __user *src, int n)
{
	int i;
	int ret = 0;

	down_write(&t->sem);					/* step: acquire */
	for (i = 0; i < n && i < 16; i++) {
		if (get_user(t->slots[i], src + i)) {		/* expect: mutex-held-across-fault */ /* step: fault */
			ret = -EFAULT;
			break;
		}
	}
	up_write(&t->sem);
	return ret;
}
