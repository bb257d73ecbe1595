using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000001_IdentityAndTenancy")]
public sealed class IdentityAndTenancy : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000002_QuartzJobStore")]
public sealed class QuartzJobStore : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000003_Roles")]
public sealed class RolesReferenceData : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000004_Files")]
public sealed class Files : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000005_IdempotencyKeys")]
public sealed class IdempotencyKeys : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000006_JobsAndUnits")]
public sealed class JobsAndUnits : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000007_AgentVettingAndMembershipStatus")]
public sealed class AgentVettingAndMembershipStatus : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000008_AgentLayer")]
public sealed class AgentLayer : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000009_WorkerCertifications")]
public sealed class WorkerCertifications : SqlScriptMigration;
