using System.Net;
using Market.Api.Features.Notifications;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Notifications;

/// <summary>The in-app notifications every feature can send through <see cref="INotifier"/>, with email through the outbox.</summary>
public sealed class NotificationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static NotificationMessage Reminder(Guid userId, string? key, bool email = true) => new(
        userId,
        "test.reminder",
        new LocalizedText("資格の更新期限が近づいています", "Your certification is due for renewal"),
        new LocalizedText("30日以内に更新してください。", "Renew it within 30 days."),
        "/api/v1/me/certifications",
        key,
        Email: email);

    private async Task<bool> NotifyAsync(NotificationMessage message)
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<INotifier>().NotifyAsync(message, CancellationToken.None);
    }

    private async Task<(int Notifications, int Emails)> CountAsync(Guid userId)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return (await db.Notifications.CountAsync(n => n.UserId == userId), await db.EmailOutbox.CountAsync(e => e.UserId == userId));
    }

    [Fact]
    public async Task Notify_WithTheSameDedupeKeyTwice_WritesOneNotificationAndOneEmail()
    {
        var agent = await TestData.AgentAsync(Factory, "NPO", "N-1");
        var user = await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);

        Assert.True(await NotifyAsync(Reminder(user.Id, "cert:confidentiality:30")));
        Assert.False(await NotifyAsync(Reminder(user.Id, "cert:confidentiality:30")));
        Assert.True(await NotifyAsync(Reminder(user.Id, "cert:confidentiality:7")));

        Assert.Equal((2, 2), await CountAsync(user.Id));
        using var scope = NewScope();
        var email = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().EmailOutbox.FirstAsync(e => e.UserId == user.Id);
        Assert.Equal("w@hub.jp", email.ToAddress);
        Assert.Equal("資格の更新期限が近づいています", email.Subject); // Japanese unless the user chose English
        Assert.Contains("/api/v1/me/certifications", email.Body, StringComparison.Ordinal);
        Assert.Null(email.SentAt);
    }

    [Fact]
    public async Task Notify_WithoutADedupeKey_IsNeverDeduplicated_AndWithoutEmailQueuesNoEmail()
    {
        var agent = await TestData.AgentAsync(Factory, "NPO", "N-2");
        var user = await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);

        Assert.True(await NotifyAsync(Reminder(user.Id, null, email: false)));
        Assert.True(await NotifyAsync(Reminder(user.Id, null, email: false)));

        Assert.Equal((2, 0), await CountAsync(user.Id));
    }

    [Fact]
    public async Task Notify_TheSameKeyForTwoUsers_ReachesBoth()
    {
        var agent = await TestData.AgentAsync(Factory, "NPO", "N-3");
        var first = await TestData.UserAsync(Factory, "a@hub.jp", Roles.Worker, agent.Id);
        var second = await TestData.UserAsync(Factory, "b@hub.jp", Roles.Worker, agent.Id);

        Assert.True(await NotifyAsync(Reminder(first.Id, "weekly:2026-W48")));
        Assert.True(await NotifyAsync(Reminder(second.Id, "weekly:2026-W48")));

        Assert.Equal((1, 1), await CountAsync(first.Id));
        Assert.Equal((1, 1), await CountAsync(second.Id));
    }

    [Fact]
    public async Task Notify_SameKeyFromTwoConcurrentTransactions_WritesOnce()
    {
        var agent = await TestData.AgentAsync(Factory, "NPO", "N-4");
        var user = await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);
        using var first = NewScope();
        using var second = NewScope();
        var db1 = first.ServiceProvider.GetRequiredService<MarketDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<MarketDbContext>();
        await using var tx1 = await db1.Database.BeginTransactionAsync();
        await using var tx2 = await db2.Database.BeginTransactionAsync();

        Assert.True(await first.ServiceProvider.GetRequiredService<INotifier>().NotifyAsync(Reminder(user.Id, "race"), CancellationToken.None));
        // The second insert waits on the first transaction's uncommitted row, then finds the key taken.
        var racing = second.ServiceProvider.GetRequiredService<INotifier>().NotifyAsync(Reminder(user.Id, "race"), CancellationToken.None);
        await Task.Delay(200);
        Assert.False(racing.IsCompleted, "the second insert should wait for the first transaction");
        await tx1.CommitAsync();
        Assert.False(await racing);
        await tx2.CommitAsync();

        Assert.Equal((1, 1), await CountAsync(user.Id));
    }

    [Fact]
    public async Task MyNotifications_ListsNewestFirst_InTheUsersLanguage_AndMarkReadIsTheOwnersOnly()
    {
        var agent = await TestData.AgentAsync(Factory, "NPO", "N-5");
        var user = await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);
        var other = await TestData.UserAsync(Factory, "x@hub.jp", Roles.Worker, agent.Id);
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            (await db.Users.SingleAsync(u => u.Id == user.Id)).PreferredLanguage = "en";
            await db.SaveChangesAsync();
        }

        await NotifyAsync(Reminder(user.Id, "one"));
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await NotifyAsync(Reminder(user.Id, "two") with { Title = new LocalizedText("二通目", "Second") });
        await NotifyAsync(Reminder(other.Id, "one"));

        var client = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        var page = await (await client.GetAsync("/api/v1/me/notifications")).JsonAsync();
        Assert.Equal(2, page.GetProperty("unread").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Second", "Your certification is due for renewal"], items.Select(i => i.GetProperty("title").GetString()));

        var firstId = items[1].GetProperty("id").GetString();
        var read = await (await client.PostAsync($"/api/v1/me/notifications/{firstId}/read", null)).JsonAsync();
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, read.GetProperty("readAt").ValueKind);
        var unread = await (await client.GetAsync("/api/v1/me/notifications?unreadOnly=true")).JsonAsync();
        Assert.Equal(1, unread.GetProperty("unread").GetInt32());
        Assert.Equal("Second", Assert.Single(unread.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());

        var otherClient = await Factory.ClientForAsync("x@hub.jp", TestData.Password);
        await (await otherClient.PostAsync($"/api/v1/me/notifications/{firstId}/read", null))
            .AssertProblemAsync(HttpStatusCode.NotFound, "notification_not_found");

        var all = await (await client.PostAsync("/api/v1/me/notifications/read-all", null)).JsonAsync();
        Assert.Equal(1, all.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await (await client.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("unread").GetInt32());
        Assert.Equal(1, (await (await otherClient.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("unread").GetInt32());
    }
}
