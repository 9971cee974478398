// Each test runs whole servers and a 20,000-recipient job; on a 2-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
