/* expect-none */
/*
 * get_user_pages()/pin_user_pages() run under the caller's mmap_lock and resolve faults themselves: they are
 * not user accesses that could re-enter the fault handler, neither under mmap_lock nor under a driver mutex.
 */
struct mm_struct;
struct page;

struct pinbuf {
	struct mutex lock;
	struct mm_struct *mm;
	struct page **pages;
	unsigned long npages;
};

long pinbuf_pin(struct pinbuf *pb, unsigned long start)
{
	long got;

	mutex_lock(&pb->lock);
	mmap_read_lock(pb->mm);
	got = pin_user_pages(start, pb->npages, 0, pb->pages);
	mmap_read_unlock(pb->mm);
	mutex_unlock(&pb->lock);
	return got < 0 ? got : 0;
}

long pinbuf_pin_remote(struct pinbuf *pb, unsigned long start)
{
	long got;

	mutex_lock(&pb->lock);
	mmap_read_lock(pb->mm);
	got = get_user_pages_remote(pb->mm, start, pb->npages, 0, pb->pages, 0);
	mmap_read_unlock(pb->mm);
	mutex_unlock(&pb->lock);
	return got < 0 ? got : 0;
}
