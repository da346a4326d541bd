struct page;

int fill_locked_page(struct page *page, void *kaddr, const void __user *src)
{
	int ret = 0;

	lock_page(page);					/* step: acquire */
	if (copy_from_user(kaddr, src, 4096))			/* expect: mutex-held-across-fault */
		ret = -EFAULT;
	unlock_page(page);
	return ret;
}
