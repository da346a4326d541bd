/* expect-none */
struct sighand {
	spinlock_t siglock;
	int count;
};

struct task {
	struct sighand *sighand;
};

struct sighand *lock_task_sighand_demo(struct task *t)
{
	struct sighand *sh = t->sighand;

	spin_lock(&sh->siglock);
	if (!sh->count) {
		spin_unlock(&sh->siglock);
		return NULL;
	}
	return sh;
}
