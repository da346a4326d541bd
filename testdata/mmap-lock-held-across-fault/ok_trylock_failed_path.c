/* expect-none */
struct mm_struct;

long quick_count(struct mm_struct *mm, int *count, int __user *out)
{
	int v;

	if (!mmap_read_trylock(mm))
		return put_user(-1, out);
	v = *count;
	mmap_read_unlock(mm);
	return put_user(v, out);
}
