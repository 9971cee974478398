using BackgroundJobs.Core.Notifications;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.Core.Tests.Notifications;

public class WebhookDeliveryOrchestratorTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private static readonly WebhookDeliveryInput Input = new("job-1", "evt_1", [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)]);

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1:webhook:evt_1");
    private readonly List<WebhookAttemptInput> attempts = [];
    private readonly List<TimeSpan> waits = [];
    private DateTime now = Now;

    public WebhookDeliveryOrchestratorTests()
    {
        // Orchestration time moves only when a timer fires, to the time it fires at.
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((fireAt, _) =>
            {
                waits.Add(fireAt - now);
                now = fireAt;
            })
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task RunAsync_FailsTwiceThenDelivered_WaitsTheJitteredScheduleOrTheLongerRetryAfter()
    {
        AttemptsAnswer(
            new WebhookAttemptOutcome(WebhookDeliveryStatus.Pending),
            new WebhookAttemptOutcome(WebhookDeliveryStatus.Pending, RetryNotBefore: new DateTimeOffset(Now).AddMinutes(20)),
            new WebhookAttemptOutcome(WebhookDeliveryStatus.Delivered));

        var status = await new WebhookDeliveryOrchestrator().RunAsync(context.Object, Input);

        Assert.Equal(WebhookDeliveryStatus.Delivered, status);
        Assert.Equal(3, attempts.Count);
        Assert.Equal([false, false, true], attempts.Select(a => a.IsLast));
        Assert.Equal(2, waits.Count);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
        Assert.Equal(Now.AddMinutes(20), Now + waits[0] + waits[1]);
    }

    [Fact]
    public async Task RunAsync_ReceiverNeverAnswers_StopsAfterTheScheduleWithTheLastAttemptFlagged()
    {
        AttemptsAnswer(
            new WebhookAttemptOutcome(WebhookDeliveryStatus.Pending),
            new WebhookAttemptOutcome(WebhookDeliveryStatus.Pending),
            new WebhookAttemptOutcome(WebhookDeliveryStatus.Failed));

        var status = await new WebhookDeliveryOrchestrator().RunAsync(context.Object, Input);

        Assert.Equal(WebhookDeliveryStatus.Failed, status);
        Assert.Equal(Input.RetryDelays.Count + 1, attempts.Count);
        Assert.True(attempts[^1].IsLast);
        Assert.Null(attempts[^1].NextDelay);
    }

    [Fact]
    public async Task RunAsync_TimerFiresEarly_WaitsAgain_UntilAfterItsTime()
    {
        AttemptsAnswer(new WebhookAttemptOutcome(WebhookDeliveryStatus.Pending), new WebhookAttemptOutcome(WebhookDeliveryStatus.Delivered));
        var early = true;
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((fireAt, _) =>
            {
                waits.Add(fireAt - now);
                now = early ? fireAt.AddMilliseconds(-300) : fireAt;
                early = false;
            })
            .Returns(Task.CompletedTask);

        await new WebhookDeliveryOrchestrator().RunAsync(context.Object, Input);

        // The 0.3 s left is asked as 2 s: Azure Storage would fire a sub-second timer at once.
        Assert.Equal(2, waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), waits[1]);
    }

    [Fact]
    public async Task RunAsync_Gone_StopsAtOnce()
    {
        AttemptsAnswer(new WebhookAttemptOutcome(WebhookDeliveryStatus.Gone));

        var status = await new WebhookDeliveryOrchestrator().RunAsync(context.Object, Input);

        Assert.Equal(WebhookDeliveryStatus.Gone, status);
        Assert.Single(attempts);
        Assert.Empty(waits);
    }

    [Fact]
    public void NextAttemptAt_IsTheSameOnReplay_AndARetryAfterIsCappedAtAnHour()
    {
        var first = WebhookDeliveryOrchestrator.NextAttemptAt(Input, 1, Now, null);

        Assert.Equal(first, WebhookDeliveryOrchestrator.NextAttemptAt(Input, 1, Now, null));
        Assert.Equal(Now.AddHours(1), WebhookDeliveryOrchestrator.NextAttemptAt(Input, 1, Now, new DateTimeOffset(Now).AddDays(2)));
        Assert.Equal(first, WebhookDeliveryOrchestrator.NextAttemptAt(Input, 1, Now, new DateTimeOffset(Now).AddSeconds(1)));
    }

    private void AttemptsAnswer(params WebhookAttemptOutcome[] outcomes)
    {
        var queue = new Queue<WebhookAttemptOutcome>(outcomes);
        context.Setup(c => c.CallActivityAsync<WebhookAttemptOutcome>(It.Is<TaskName>(n => n.Name == nameof(AttemptWebhookDeliveryActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                attempts.Add((WebhookAttemptInput)input!);
                return Task.FromResult(queue.Dequeue());
            });
    }
}
