// Two log alerts over the app's custom metrics in Application Insights, both sending e-mail
// through one action group. The app must emit (see docs/deploy.md):
//   jobs.failed                       a counter, 1 per job that ends failed
//   jobs.oldest_pending_age_seconds   a gauge, the age of the oldest job not yet running
param actionGroupName string
param failedJobsAlertName string
param oldestPendingAlertName string
param location string
param tags object
param applicationInsightsId string

@description('Where alerts are e-mailed.')
param alertEmail string

@description('Alert when more jobs than this fail within 15 minutes.')
param failedJobsThreshold int

@description('Alert when the oldest pending job has waited longer than this many minutes.')
param oldestPendingMinutes int

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'bgjobs'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Both rules read one custom metric over the last 15 minutes, every 5 minutes.
var rules = [
  {
    name: failedJobsAlertName
    displayName: 'Failed jobs over threshold'
    query: 'customMetrics | where name == "jobs.failed" | summarize failed = sum(valueSum)'
    measure: 'failed'
    aggregation: 'Total'
    threshold: failedJobsThreshold
  }
  {
    name: oldestPendingAlertName
    displayName: 'Oldest pending job too old'
    query: 'customMetrics | where name == "jobs.oldest_pending_age_seconds" | summarize ageSeconds = max(valueMax)'
    measure: 'ageSeconds'
    aggregation: 'Maximum'
    threshold: oldestPendingMinutes * 60
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: rule.name
  location: location
  tags: tags
  properties: {
    displayName: rule.displayName
    severity: 2
    enabled: true
    scopes: [applicationInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: rule.aggregation
          metricMeasureColumn: rule.measure
          operator: 'GreaterThan'
          threshold: rule.threshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [actionGroup.id] }
  }
}]
