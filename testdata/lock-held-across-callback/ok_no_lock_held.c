/* expect-none */
struct job;

struct job_ops {
	void (*run)(struct job *j);
};

struct job {
	const struct job_ops *ops;
	int done;
};

void job_execute(struct job *j)
{
	j->ops->run(j);
	j->done = 1;
}
