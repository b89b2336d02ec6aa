# L’interface de Memoria en français. Ce fichier a les mêmes clés que en.ftl ; une
# clé absente ici s’affiche en anglais.

skip-to-content = Aller au contenu
nav-label = Principal
nav-dashboard = Tableau de bord
nav-incidents = Incidents
nav-persons = Personnes
nav-organizations = Organisations
nav-sources = Sources
nav-interventions = Interventions
nav-source-lists = Listes de sources
nav-places = Lieux
nav-collections = Collections
nav-audit = Journal d’audit
search-label = Rechercher
search-placeholder = Rechercher des noms, des titres, des récits…
search-title = Recherche
search-submit = Rechercher
search-count = { $count ->
    [0] Aucun résultat
    [one] Un résultat
   *[other] { $count } résultats
}
sign-out = Se déconnecter
footer-note = À manipuler avec précaution : ces données peuvent mettre des personnes en danger.

sign-in-title = Connexion
sign-in-name = Nom du compte
sign-in-password = Mot de passe
sign-in-submit = Se connecter
sign-in-failed = Le nom du compte ou le mot de passe est incorrect. Vérifiez les deux et réessayez.
second-factor-title = Deuxième étape
second-factor-help = Saisissez le code à six chiffres que votre application d’authentification affiche pour Memoria.
second-factor-code = Code
second-factor-submit = Continuer
second-factor-failed = Ce code n’est pas valide. Attendez le code suivant et réessayez.

dashboard-title = Tableau de bord
dashboard-by-status = Incidents par statut
dashboard-all-incidents = tous les incidents
dashboard-recent = Modifiés récemment
dashboard-due = Suivis à effectuer
dashboard-nothing-due = Aucun suivi n’est prévu dans les deux prochaines semaines.
nothing-yet = Rien pour l’instant.

incidents-title = Incidents
incidents-new = Nouvel incident
incidents-none = Aucun incident ne correspond à ces filtres.
incidents-showing = { $first }–{ $last } sur { $total }
incidents-count = { $count ->
    [one] { $count } incident
   *[other] { $count } incidents
}
incident-edit-title = Modifier l’incident
incident-acts = Actes
incident-claims = Affirmations par champ
incident-sources = Sources
incident-interventions = Interventions
act-victims = Victimes
act-perpetrators = Auteurs présumés
perpetrator-unidentified = Non identifié
claims-conflict = Les sources divergent
claims-preferred = Retenue
grade-help = Cotation de la source : fiabilité (A–F) et crédibilité (1–6)

filter-text = Mots
filter-date = Date
filter-from = Du
filter-to = Au
filter-violation = Violation
filter-perpetrator-type = Type d’auteur
filter-any = Tous
filter-sort = Trier par
filter-apply = Appliquer
filter-clear = Effacer les filtres
filter-bad-date = Un filtre de date n’est pas une date que Memoria comprend (essayez 1999, 1999-03 ou 1999-03-05) ; il a été ignoré.
filter-bad-place = Le filtre de lieu n’est pas un identifiant de lieu ; il a été ignoré.
sort-date-desc = Plus récents d’abord
sort-date-asc = Plus anciens d’abord
sort-updated = Modifiés récemment
pager-label = Pages
pager-prev = Précédent
pager-next = Suivant
pager-older = Plus

field-title = Titre
field-narrative = Récit
field-date = Date
field-place = Lieu
field-place-id = Lieu (identifiant de la fiche)
field-status = Statut
field-confidentiality = Confidentialité
field-collection = Collection
field-external-id = Référence dans vos propres dossiers
date-uncertain = incertaine
date-uncertain-help = La date est incertaine ou approximative, ou déborde de la période demandée.
date-help = Une date, un mois ou une année (1999-03-05, 1999-03, 1999) ; ? si elle est incertaine, ~ si elle est approximative (1999-03?) ; une période sous la forme 1999-03-05/1999-03-09.
date-invalid = Memoria ne comprend pas cette date. Écrivez-la sous la forme 1999-03-05, 1999-03 ou 1999 ; ajoutez ? si elle est incertaine ; une période sous la forme 1999-03-05/1999-03-09.
place-invalid = Ce n’est pas l’identifiant d’un lieu. Copiez-le depuis la page du lieu, ou laissez le champ vide.
collection-invalid = Choisissez une collection à laquelle vous pouvez ajouter des fiches.
title-required = Donnez un titre à l’incident dans au moins une langue.
form-has-problems = Certains champs sont à revoir ; chacun indique comment le corriger.
form-too-long = Trop long : { $max } caractères au maximum.

status-draft = Brouillon
status-under-review = En cours d’examen
status-verified = Vérifié
status-closed = Clos
sensitivity-public = Public
sensitivity-internal = Interne
sensitivity-restricted = Restreint
sensitivity-confidential = Confidentiel

kind-collection = Collection
kind-incident = Incident
kind-act = Acte
kind-person = Personne
kind-organization = Organisation
kind-source = Source
kind-claim = Affirmation
kind-intervention = Intervention
kind-source-list = Liste de sources
kind-record = Entrée de liste
kind-place = Lieu
kind-vocabulary = Vocabulaire

role-victim = victime
role-witness = témoin
role-source = source
role-perpetrator = auteur
role-administrator = Administrateur
role-coordinator = Coordinateur
role-analyst = Analyste
role-documentalist = Documentaliste
role-field-researcher = Enquêteur de terrain
role-viewer = Lecteur
role-installation-admin = Administrateur de l’installation
all-collections = toutes les collections

action-edit = Modifier
action-history = Historique
action-save = Enregistrer
action-cancel = Annuler
action-create = création
action-update = modification
action-delete = suppression
action-undelete = annulation de la suppression
action-restore = restauration

withheld = masqué
record-deleted = Cette fiche est supprimée. Son historique permet de la rétablir.
record-version = Version { $version }
record-related = Fiches liées
records-count = { $count ->
    [one] { $count } fiche
   *[other] { $count } fiches
}

history-title = Historique
history-restore = Restaurer la version { $version }
diff-field = Champ
diff-before = Avant
diff-after = Après
diff-theirs = Enregistré par quelqu’un d’autre
diff-yours = Vos modifications
conflict-title = Quelqu’un d’autre a enregistré cet incident pendant que vous le modifiiez
conflict-explain = L’incident en est maintenant à la version { $version }. Vos modifications n’ont pas été enregistrées.
conflict-next = Vos modifications sont toujours dans le formulaire ci-dessous. Vérifiez les différences, puis enregistrez à nouveau pour les appliquer à la version la plus récente, ou annulez.

account-title = Votre compte
account-language = Langue
account-roles = Vos rôles
account-password = Mot de passe
account-password-current = Mot de passe actuel
account-password-new = Nouveau mot de passe (12 caractères minimum)
account-password-change = Changer le mot de passe
password-current-wrong = Le mot de passe actuel est incorrect.
password-too-weak = Le nouveau mot de passe est trop court : utilisez au moins { $min } caractères (quelques mots pris au hasard font très bien l’affaire).
account-totp = Connexion en deux étapes
account-totp-on = La connexion en deux étapes est activée.
account-totp-off = La connexion en deux étapes est désactivée. Activez-la : un mot de passe volé ne suffira alors plus à ouvrir votre compte.
account-totp-start = Activer la connexion en deux étapes
account-totp-enrol-help = Ajoutez cette clé à votre application d’authentification (ou utilisez le lien ci-dessous), puis saisissez le code qu’elle affiche.
account-totp-enable = Activer
totp-bad-secret = L’activation a expiré ; recommencez.
saved = Enregistré.

audit-title = Journal d’audit
audit-when = Date
audit-who = Compte
audit-what = Action
audit-record = Fiche
audit-detail = Détail
audit-log-index = Index du journal
audit-receipt = reçu
audit-log-help = Chaque entrée est aussi inscrite, sous son index, dans un journal infalsifiable. Son reçu prouve, à quiconque détient la clé publique du journal, que l’entrée y figure exactement telle qu’affichée ; une entrée modifiée ou supprimée ne correspond plus.

add-act-title = Ajouter un acte
add-act-victim = Nom de la victime (une nouvelle personne ; laisser vide si inconnu)
add-act-group-size = Nombre de victimes, s’il s’agit d’un groupe
add-act-submit = Ajouter l’acte
add-source-title = Ajouter une source
add-source-name = Source (qui ou quoi l’a signalé)
add-source-reliability = Fiabilité de la source
add-source-credibility = Crédibilité de l’information
add-source-field = Champ concerné par la source (facultatif, p. ex. date)
add-source-value = Ce que la source en dit
add-source-submit = Ajouter la source
claim-needs-both = Indiquez le champ et ce qu’en dit la source, ou ni l’un ni l’autre.

nav-vocabularies = Vocabulaires
nav-accounts = Comptes
accounts-title = Comptes et rôles
account-add = Ajouter un compte
account-disable = Désactiver
account-enable = Réactiver
account-disabled = désactivé
account-no-password = ligne de commande seulement
account-name-invalid = Les noms de compte comptent de 1 à 64 lettres, chiffres, points, tirets et tirets bas.
account-name-taken = Un compte porte déjà ce nom ; choisissez-en un autre.
role-none = Aucun rôle
vocabulary-terms = { $count ->
    [one] { $count } terme
   *[other] { $count } termes
}
term-code = Code
term-labels = Libellés
term-parent = Terme générique (code)
term-deprecated = obsolète
term-add = Ajouter un terme
term-invalid = Un terme a besoin d’un code (minuscules, chiffres, - _ .) et d’un libellé dans au moins une langue, chacun de moins de 300 caractères.

button-delete = Supprimer
button-undelete = Rétablir

add-intervention-title = Enregistrer une intervention
add-intervention-kind = Type d’intervention
add-intervention-target = Institution saisie
add-intervention-submitted = Soumise le
add-intervention-follow-up = Prochain suivi prévu le
add-intervention-submit = Enregistrer l’intervention

follow-up-title = Suivi
follow-up-response = Réponse reçue
follow-up-response-date = Réponse reçue le

record-new-title = Nouvel enregistrement : { $kind }
record-edit-title = Modifier : { $kind }
record-conflict-explain = L’enregistrement en est maintenant à la version { $version }. Vos modifications n’ont pas été enregistrées.
field-names = Noms
field-names-help = Un nom par ligne, le nom principal d’abord. Pour ajouter une translittération latine, écrivez-la après une barre oblique : محمد علي / Mohammed Ali
field-roles = Rôles
field-sex = Sexe
field-birth-date = Date de naissance
field-age = Âge
field-age-help = En années, comme 30, ou une fourchette, comme 25-30.
field-group-size = Nombre de personnes (pour un groupe)
field-ethnicity = Origine ethnique
field-religion = Religion
field-contact = Coordonnées
field-name = Nom
field-aliases = Autres noms
field-aliases-help = Un nom par ligne.
field-kind = Type
field-parent-unit = Relève de (id de l’unité)
field-informant = Informateur (id de la personne)
field-reference = Référence
field-description = Description
reference-help = L’id de l’enregistrement, tel qu’il figure à la fin de son adresse (/records/…).
reference-invalid = Aucun enregistrement de type { $kind } avec cet id dans la collection. Copiez l’id depuis l’adresse de l’enregistrement.
age-invalid = Écrivez un âge en années, comme 30, ou une fourchette, comme 25-30.
number-invalid = Écrivez un nombre entier supérieur à 0.
grade-invalid = Choisissez une note dans la liste.
parent-cycle = Une unité ne peut pas relever d’elle-même, ni directement ni par les unités au-dessus d’elle.
form-too-many-lines = Trop de lignes : { $max } au maximum.
choice-not-recorded = Non renseigné

# Statistiques et analyse
nav-statistics = Statistiques
nav-analysis = Analyse
statistics-title = Statistiques
statistics-intro = Des comptes de ce qui est documenté, pas de tout ce qui s'est passé. Seuls les enregistrements que vous pouvez voir sont comptés.
statistics-no-collection = Vous ne pouvez lire aucune collection : il n'y a rien à compter.
statistics-collection = Collection
statistics-by = Périodes
statistics-show = Afficher
statistics-by-year = Années
statistics-by-quarter = Trimestres
statistics-by-month = Mois
statistics-acts-by-year = Actes par année
statistics-acts-by-quarter = Actes par trimestre
statistics-acts-by-month = Actes par mois
statistics-period-description = Actes documentés par période. Un acte de date incertaine est réparti sur les périodes où il peut tomber ; la bande ombrée va des actes sûrement dans une période à ceux qui peuvent l'être.
statistics-period-caption = { $total } actes en tout. Hors du graphique : { $undated } sans date et { $open } à date ouverte. Un acte de date incertaine est réparti sur les périodes où il peut tomber, au prorata des jours ; la bande ombrée va des actes sûrement dans une période à ceux qui peuvent l'être.
statistics-no-dated-acts = Aucun des { $total } actes n'a de date : il n'y a pas de série à tracer.
statistics-too-many-periods = Les dates couvrent trop de périodes pour ce graphique : choisissez des périodes plus longues.
statistics-no-series = Les dates ne peuvent pas être tracées en série : l'une d'elles sort du calendrier.
statistics-period = Période
statistics-acts-spread = Actes (répartis)
statistics-band = Sûrement – peut-être
statistics-acts-by-violation = Actes par type de violation
statistics-violation-caption = { $total } actes en tout ; { $none } sans type de violation.
statistics-violation = Type de violation
statistics-acts = Actes
statistics-victims-by-sex = Victimes par sexe
statistics-sex-caption = { $total } victimes, chaque personne une fois et un groupe selon sa taille ; { $none } sans sexe enregistré.
statistics-sex = Sexe
statistics-victims = Victimes
statistics-victims-by-age = Victimes par tranche d'âge
statistics-age-caption = { $total } victimes, chaque personne une fois et un groupe selon sa taille ; { $none } sans âge connu. Un âge connu comme intervalle est réparti sur les tranches qu'il couvre.
statistics-age-group = Tranche d'âge
statistics-table = Les nombres sous forme de tableau

analysis-title = Analyse
analysis-intro = Les listes de sources de la collection reliées en personnes, et une estimation du nombre de victimes qu'aucune liste n'a documentées. Chaque estimation est donnée avec son intervalle à 95 %, sa méthode, ce qu'elle suppose et ce qui ne va pas.
analysis-no-lists = Cette collection n'a pas de listes de sources à relier. Importez-en une d'abord.
analysis-too-many-lists = Cette collection a { $count } listes de sources ; on peut en relier au plus 15 à la fois.
analysis-blocking-refused = Les listes n'ont pas pu être reliées : { $reason }
analysis-table-refused = Les listes reliées n'ont pas pu être mises en tableau : { $reason }
analysis-lists = Listes de sources
analysis-list = Liste
analysis-list-records = Enregistrements
analysis-blocking = Appariement
analysis-blocking-summary = { $records } enregistrements ; les comparer tous deux à deux ferait { $possible } paires. Le blocage a produit { $union } paires candidates (toutes règles confondues) :
analysis-rule = Règle
analysis-rule-pairs = Paires
analysis-rule-keyed = Enregistrements qu'elle peut trouver
analysis-rule-largest = Plus grand bloc
analysis-clusters = { $records } enregistrements ont été reliés en { $clusters } personnes (groupes) ; { $linked } paires ont été reliées.
analysis-estimates = Victimes estimées, documentées et non documentées
analysis-estimates-help = Documentées : personnes sur au moins une liste. Estimation : documentées et non documentées ensemble, avec son intervalle à 95 %. Une méthode qui ne peut pas donner de nombre fiable le dit à la place.
analysis-method = Méthode
analysis-documented = Documentées
analysis-estimate = Estimation
analysis-interval-heading = Intervalle à 95 %
analysis-interval = de { $lower } à { $upper }
analysis-no-upper = sans limite supérieure
analysis-warnings = Avertissements
analysis-no-warnings = Aucun
analysis-no-estimate = Pas d'estimation
analysis-no-estimate-why = la méthode n'a pas pu donner ici de nombre fiable
analysis-assumptions = Suppose :
analysis-method-lcmcr = LCMCR, classes latentes bayésiennes (au plus { $classes })
analysis-method-lcmcr-short = LCMCR
analysis-method-loglinear = Modèle log-linéaire choisi par { $criterion }
analysis-method-loglinear-given = Modèle log-linéaire { $model }
analysis-method-loglinear-short = Modèle log-linéaire
analysis-lcmcr-failed = L'échantillonneur n'a pas pu tourner avec ces réglages.
analysis-settings = Réglages de LCMCR : K = { $classes } classes latentes, chauffe de { $burnin } balayages, { $samples } tirages par chaîne pris tous les { $thinning } balayages, { $chains } chaînes, graine { $seed } (les mêmes nombres à chaque rechargement). Le modèle log-linéaire est le meilleur selon l'AIC parmi les modèles hiérarchiques à interactions doubles. Calculé en { $seconds } s, gardé jusqu'à ce qu'un enregistrement change.
analysis-review = Paires à vérifier
analysis-review-summary = { $total } paires sont incertaines : le modèle ne sait pas s'il s'agit de la même personne. Les { $shown } plus probables sont affichées.
analysis-review-none = Aucune paire n'est incertaine.
analysis-review-coming = L'enregistrement des décisions sur les paires (même personne, personnes différentes) arrive bientôt ; pour l'instant, ouvrez chaque enregistrement pour les comparer.
analysis-probability = Probabilité qu'il s'agisse de la même personne :
analysis-explain = Pourquoi, champ par champ
analysis-field = Champ
analysis-level = Comparaison
analysis-bits = Poids (bits)
analysis-total = Total
analysis-prior = A priori
analysis-level-missing = absent d'un côté
analysis-field-name = Nom
analysis-field-sex = Sexe
analysis-field-age = Âge
analysis-field-birth-date = Date de naissance
analysis-field-date = Date des faits
analysis-field-place = Lieu
assumption-common = La population est fermée sur la période (personne n'y entre ni n'en sort) et les listes ont été correctement reliées (ni liens manqués ni faux liens).
assumption-lcmcr = Les personnes se répartissent en au plus { $classes } classes latentes et, dans une classe, les listes capturent indépendamment ; a priori p(N) ∝ 1/N.
assumption-loglinear-independent = Les listes capturent indépendamment les unes des autres (modèle { $model }) ; les non-documentées suivent le même modèle que les documentées.
assumption-loglinear-dependent = La dépendance entre listes est exactement celle que permettent les interactions du modèle ({ $model }) ; les non-documentées suivent le même modèle que les documentées.
assumption-loglinear = La dépendance entre listes est celle que permet le modèle log-linéaire choisi ; les non-documentées suivent le même modèle que les documentées.
warning-lists-dropped = { $lists } n'ont enregistré personne ici et sont laissées hors de cette estimation.
warning-terms-removed = Les termes du modèle portant sur { $lists } ont été retirés, car ces listes n'ont enregistré personne ici.
warning-too-few-lists = Seule(s) { $lists } liste(s) ont enregistré quelqu'un ici ; estimer les non-documentées demande au moins deux listes qui se recoupent.
warning-no-data = Personne n'est documenté ici : rien ne peut être estimé.
warning-divergent-terms = Pas d'estimation finie pour { $terms } : une combinaison de listes ne contient personne, et le modèle ajuste exactement ces cellules vides. Choisissez un modèle plus simple.
warning-fit-failed = Le modèle n'a pas pu être ajusté : { $reason }
warning-unbounded = Sous ce modèle, les données ne bornent pas le total : l'intervalle à 95 % est ouvert.
warning-divergent-passed-over = { $count } modèle(s) mieux notés ont été écartés parce que leur ajustement diverge (le meilleur : { $best }).
warning-few-lists-lcmcr = Seulement { $lists } listes : un modèle à classes latentes est mal identifié et l'estimation repose sur l'a priori.
warning-poor-mixing = Les chaînes divergent (R-hat { $rhat }, devrait être sous 1,05) : ne vous fiez pas encore à cette estimation.
warning-low-ess = Seulement environ { $ess } tirages effectivement indépendants : les bornes de l'intervalle sont imprécises.
warning-runaway = { $count } tirages des non-documentées ont dépassé 20 fois les documentées et ont été refaits : le modèle borne à peine le total.
warning-incomplete-total = { $strata } strates n'ont pas d'estimation : aucun total n'est donné.

error-home = Retour à Memoria
error-not-signed-in = Connectez-vous pour continuer.
error-forbidden = Votre compte ne peut pas faire cela. Demandez-le à un coordinateur de la collection si nécessaire.
error-not-found = Cette page ou cet enregistrement n’existe pas, ou votre compte ne peut pas le voir.
error-invalid = La saisie comporte des problèmes ; corrigez les champs indiqués et renvoyez-la.
error-conflict = L’enregistrement a changé depuis que vous l’avez ouvert (il en est à la version { $current }). Rechargez-le et refaites votre modification.
error-precondition-failed = L’enregistrement a changé depuis la version indiquée (il en est à la version { $current }). Récupérez-le de nouveau.
error-collection-fixed = Un enregistrement ne peut pas changer de collection ; créez-en un nouveau dans l’autre collection.
error-deleted = L’enregistrement est supprimé ; restaurez-le avant de le modifier.
error-precondition-required = Cette requête doit indiquer la version de l’enregistrement, pour qu’une copie périmée n’écrase pas une version plus récente.
error-csrf = Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.
error-too-many-attempts = Trop de tentatives. Attendez { $seconds } secondes et réessayez.
error-payload-too-large = Ce qui a été envoyé dépasse ce que ce serveur accepte.
error-internal = Une erreur s’est produite sur le serveur. Elle a été consignée ; donnez cette référence à votre administrateur : { $reference }.
