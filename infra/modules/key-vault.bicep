// The app's secrets. RBAC-authorised (no access policies); the app reads them through Key Vault
// references in its app settings, as its managed identity (Key Vault Secrets User).
param name string
param location string
param tags object

@secure()
param sendGridApiKey string

@secure()
param webhookSigningSecret string

@secure()
param crmApiKey string

@secure()
param inferenceApiKey string

@description('The app\'s user-assigned identity, in this resource group. Taken by name, not principal id, so role assignment names are known before deployment.')
param appIdentityName string

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'SendGrid-ApiKey'
  properties: { value: sendGridApiKey }
}

resource webhookSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'Webhooks-SigningSecret'
  properties: { value: webhookSigningSecret }
}

resource crmApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'Crm-ApiKey'
  properties: { value: crmApiKey }
}

resource inferenceApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'Inference-ApiKey'
  properties: { value: inferenceApiKey }
}

resource secretsUserRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, secretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
// Versionless URIs, so a rotated secret is picked up without redeploying the app.
output sendGridApiKeyUri string = sendGridApiKeySecret.properties.secretUri
output webhookSigningSecretUri string = webhookSigningSecretSecret.properties.secretUri
output crmApiKeyUri string = crmApiKeySecret.properties.secretUri
output inferenceApiKeyUri string = inferenceApiKeySecret.properties.secretUri
