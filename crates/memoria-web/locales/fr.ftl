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
filter-bad-cursor = Ce lien vers une page suivante ne vient pas de cette liste (ou l’ordre a changé) ; la liste reprend à sa première page.
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
kind-evidence = Élément de preuve

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
analysis-review-how = Votre réponse l’emporte sur le score du modèle lors de la prochaine liaison des listes, et la paire quitte cette file ; répondre à nouveau la modifie.
analysis-decisions = Décisions enregistrées dans cette collection : { $count }.
analysis-decision-saved = Votre réponse a été enregistrée ; les listes ont été reliées à nouveau en en tenant compte.
analysis-kept-none = Aucun appariement n'est conservé pour cette collection : les estimations relient les listes à chaque fois.
analysis-kept-current = L'appariement conservé le { $date } (version { $version }, { $people } personnes) correspond aux listes et aux réponses : les estimations d'ici et de la ligne de commande l'utilisent.
analysis-kept-stale = L'appariement conservé le { $date } (version { $version }, { $people } personnes) n'est plus à jour : une liste ou une réponse a changé depuis. Les estimations relient les listes à nouveau jusqu'à ce qu'il soit conservé de nouveau.
analysis-keep = Conserver cet appariement
analysis-kept-saved = L'appariement a été conservé comme nouvelle version ; les versions précédentes peuvent être restaurées depuis l'historique de son enregistrement.
analysis-groups-link = Voir les { $count } personnes trouvées dans plus d'un enregistrement, et détacher un enregistrement qui est quelqu'un d'autre
clusters-title = Personnes trouvées dans plus d'un enregistrement
clusters-back = Retour à l'analyse
clusters-summary = { $count } personnes ont été trouvées dans plus d'un enregistrement. Page { $page } sur { $pages }.
clusters-none = Aucune personne n'a été trouvée dans plus d'un enregistrement.
clusters-intro = Chaque encadré est une personne telle que l'appariement la voit, avec ses enregistrements dans les listes. Si certains enregistrements sont quelqu'un d'autre, cochez-les et détachez-les : cela enregistre « personnes différentes » entre eux et les autres, et « même personne » entre eux (des réponses que vous pouvez annuler), et chaque appariement ultérieur suit.
clusters-split = Détacher les enregistrements cochés comme une autre personne
clusters-tick = Une autre personne
clusters-split-done = { $count ->
    [one] L'enregistrement coché a été détaché : « personnes différentes » a été enregistré entre lui et chacun des autres enregistrements de son groupe.
   *[other] Les { $count } enregistrements cochés ont été détachés comme une autre personne : « personnes différentes » a été enregistré entre chacun d'eux et chacun des autres enregistrements du groupe, et « même personne » entre eux.
}
clusters-split-none = Cochez les enregistrements qui sont quelqu'un d'autre, puis détachez-les : rien n'a été modifié.
clusters-split-all = Laissez au moins un enregistrement de la personne non coché : un détachement demande des enregistrements des deux côtés. Rien n'a été modifié.
clusters-undone = { $count ->
    [one] Annulé : la réponse que la modification avait écrite dit de nouveau ce qu'elle disait avant.
   *[other] Annulé : les { $count } réponses que la modification avait écrites disent de nouveau ce qu'elles disaient avant.
}
clusters-undo-nothing = Rien à annuler : chaque réponse que cette modification avait écrite a été donnée de nouveau depuis.
clusters-candidates = Enregistrements d'autres personnes avec lesquels cet enregistrement a été comparé, du plus probable au moins probable. Si l'un d'eux est la même personne, fusionnez-les : cela enregistre « même personne » entre cet enregistrement et chaque enregistrement des deux personnes (des réponses que vous pouvez annuler), et chaque appariement ultérieur les réunit.
clusters-merge-done = Les deux personnes ont été fusionnées : { $count } enregistrements sont maintenant une seule personne, « même personne » ayant été enregistré entre cet enregistrement et chacun des autres.
clusters-merge-overruled = { $count ->
    [one] Une réponse antérieure « personnes différentes » entre deux d'entre eux dit maintenant « même personne » ; annuler la fusion la rétablit.
   *[other] { $count } réponses antérieures « personnes différentes » entre eux disent maintenant « même personne » ; annuler la fusion les rétablit.
}
clusters-undo = Annuler
clusters-previous = Page précédente
clusters-next = Page suivante
clusters-focus = Qui d'autre pourrait-ce être ?
clusters-no-candidates = L'appariement n'a comparé cet enregistrement avec aucun enregistrement d'une autre personne qui pourrait être la même.
clusters-merge = Même personne : fusionner
clusters-merge-any = Une personne que le rapprochement n'a pas comparée à cet enregistrement
clusters-merge-any-help = Collez l'identifiant d'un autre enregistrement des listes de cette collection, ou l'adresse de sa page.
clusters-merge-unknown = Aucun enregistrement des listes de cette collection n'a cet identifiant : rien n'a été fusionné. Copiez l'identifiant ou l'adresse depuis la page de l'enregistrement.
clusters-look = Qui d'autre pourrait-ce être ?
verdict-same = Même personne
verdict-different = Personnes différentes
verdict-unsure = Je ne sais pas
analysis-probability = Probabilité qu'il s'agisse de la même personne :
analysis-explain = Pourquoi, champ par champ
analysis-field = Champ
analysis-level = Comparaison
analysis-bits = Poids (bits)
analysis-total = Total
analysis-prior = A priori
analysis-level-missing = absent d'un côté
analysis-level-same-names = mêmes noms
analysis-level-same-names-long = mêmes noms (trois parties ou plus)
analysis-level-same-names-some-missing = mêmes noms, des parties manquent
analysis-level-same-names-some-missing-long = mêmes noms, des parties manquent (trois parties ou plus)
analysis-level-all-parts-alike = toutes les parties semblables
analysis-level-all-parts-alike-long = toutes les parties semblables (trois parties ou plus)
analysis-level-same-names-by-sound = mêmes noms à la prononciation
analysis-level-same-names-by-sound-long = mêmes noms à la prononciation (trois parties ou plus)
analysis-level-same-names-by-sound-some-missing = mêmes noms à la prononciation, des parties manquent
analysis-level-same-names-by-sound-some-missing-long = mêmes noms à la prononciation, des parties manquent (trois parties ou plus)
analysis-level-first-and-other-parts-alike = prénom et autres parties semblables
analysis-level-several-parts-alike = plusieurs parties semblables
analysis-level-one-part-alike = une partie semblable
analysis-level-same-day = même jour
analysis-level-within-days = { $days ->
    [one] à un jour près
   *[other] à { $days } jours près
}
analysis-level-day-month-swapped = jour et mois inversés
analysis-level-overlapping = l'une tombe dans l'autre
analysis-level-within-years = { $years ->
    [one] à un an près
   *[other] à { $years } ans près
}
analysis-level-within-edits = { $edits ->
    [one] à un caractère près
   *[other] à { $edits } caractères près
}
analysis-level-alike-at-least = semblables (Jaro-Winkler { $similarity } ou plus)
analysis-level-same = identique
analysis-level-same-place = même lieu
analysis-level-similar-place = nom de lieu semblable
analysis-level-same-column = identique : { $column }
analysis-level-same-down-to = même lieu jusqu'au niveau { $level }
analysis-level-same-words = mêmes mots
analysis-level-half-the-words = la moitié des mots en commun
analysis-level-some-words = quelques mots en commun
analysis-level-no-word = aucun mot en commun
analysis-level-different = différent
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

# Éléments de preuve : fichiers du coffre, leurs pages et leur chaîne de possession
incident-evidence = Éléments de preuve
evidence-item = Élément
evidence-untitled = Élément de preuve { $hash }
evidence-type = Type
evidence-size = Taille
evidence-bytes = { $bytes } octets
evidence-captured = Prise de vue
evidence-sha256 = SHA-256
evidence-stripped-sha256 = SHA-256 de la copie sans métadonnées
evidence-no-stripped = Pas de copie sans métadonnées (seules les images JPEG, PNG et WebP en ont une)
evidence-file-name = Nom à la réception
evidence-incident = Incident
evidence-download = Télécharger
evidence-download-original = Télécharger l’original
evidence-download-stripped = Télécharger sans métadonnées
evidence-original-withheld = L’original garde toutes ses métadonnées, dont le lieu où il a été fait : seuls les comptes qui peuvent lire les coordonnées peuvent le télécharger. La copie sans métadonnées est ouverte à tous les lecteurs de cet élément.
evidence-no-vault = Impossible de télécharger des fichiers : ce serveur a été démarré sans le coffre des preuves.
evidence-add-help = Les fichiers s’ajoutent aussi en ligne de commande, ou par l’API avec des envois reprenables (voir le README) ; chacun est haché et gardé tel quel dans le coffre :
evidence-add-title = Ajouter un fichier
evidence-add-file = Fichier (photo, vidéo, enregistrement ou document)
evidence-add-as-incident = Comme l’incident
evidence-add-limit = Jusqu’à { $size }. Le fichier est gardé tel quel, avec ses métadonnées ; des photos, une copie sans métadonnées est faite.
evidence-add-submit = Ajouter au coffre
evidence-add-no-file = choisissez un fichier non vide
evidence-metadata = Métadonnées incorporées
evidence-metadata-help = Ce que le fichier disait de lui-même à son ajout. L’original les garde toutes ; la copie sans métadonnées n’en garde aucune.
evidence-camera = Appareil
evidence-dimensions = Dimensions (pixels)
evidence-position = Lieu de prise de vue
evidence-blocks = Blocs de métadonnées
evidence-no-metadata = Le fichier ne portait aucune métadonnée que Memoria lit.
evidence-custody = Chaîne de possession
evidence-custody-help = Chaque action sur cet élément, de la plus ancienne à la plus récente : qui, quand, et quel fichier, par son SHA-256. Chaque entrée figure aussi dans le journal infalsifiable sous son index.
evidence-custody-file = Fichier
evidence-copy-original = original
evidence-copy-stripped = sans métadonnées
custody-action-ingest = ajouté au coffre
custody-action-derive = copie sans métadonnées créée
custody-action-download = original téléchargé
custody-action-download-stripped = copie sans métadonnées téléchargée
custody-action-download-failed = téléchargement interrompu par une erreur
custody-action-export = exporté dans un paquet BagIt
custody-action-view = consulté
custody-action-read = page consultée (sensible)

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
error-upload-too-large = Le fichier dépasse ce que ce serveur accepte ({ $size }) : rien n’en a été gardé. Demandez à un administrateur de relever la limite, ou ajoutez le fichier en ligne de commande.
error-internal = Une erreur s’est produite sur le serveur. Elle a été consignée ; donnez cette référence à votre administrateur : { $reference }.
error-vault-not-configured = Ce serveur a été démarré sans le coffre des preuves : les fichiers ne peuvent pas être téléchargés. Demandez à un administrateur de le démarrer avec le coffre.
error-vault-full = Le stockage du coffre des preuves est plein : le fichier n’a pas été conservé. Demandez à un administrateur de libérer de la place, puis ajoutez-le à nouveau.
error-evidence-damaged = La copie conservée de ce fichier est endommagée ; elle n’a donc pas été envoyée. Demandez à un administrateur de vérifier le coffre avec « memoria verify » et de restaurer le fichier depuis une sauvegarde.
error-evidence-missing = Le coffre ne contient pas ce fichier. Demandez à un administrateur de vérifier le coffre avec « memoria verify » et de restaurer le fichier depuis une sauvegarde.

nav-publication = Publication
publication-title = Publication
publication-intro = Ce que « memoria publish » peut faire sortir de cette collection, et quels noms il peut imprimer. Chaque publication lit cette politique ; un changement ici s’applique à la prochaine publication.
policy-heading = Politique de publication
policy-defaults = Aucune politique enregistrée : les valeurs prudentes par défaut ci-dessous s’appliquent.
policy-read-only = Les administrateurs et coordinateurs de la collection modifient la politique ; vous pouvez la lire.
policy-rules-caption = Ce qui est publié de chaque champ
policy-field = Champ
policy-rule = Règle
policy-meaning = Ce que cela signifie
policy-rule-publish = Publier
policy-rule-coarsen = Généraliser
policy-rule-withhold = Ne pas publier
policy-rule-default = { $rule } (par défaut, prudent)
policy-field-incident-title = Titre de l’incident
policy-field-incident-title-help = Les titres sont écrits pour être lus. Ne les publiez pas si un titre peut désigner quelqu’un.
policy-field-incident-narrative = Récit de l’incident
policy-field-incident-narrative-help = Publier signifie publier la version publique du récit, jamais le récit de travail.
policy-field-incident-date = Date de l’incident
policy-field-incident-date-help = Généraliser ne donne que le mois. Les incidents restreints montrent le mois, quel que soit le choix.
policy-field-incident-place = Lieu de l’incident
policy-field-incident-place-help = Généraliser donne le district (ou un lieu plus large nommé par l’incident) au lieu du village.
policy-field-incident-point = Position sur la carte
policy-field-incident-point-help = Généraliser arrondit au dixième de degré (environ 11 km). La position exacte n’est jamais publiée.
policy-field-victim-name = Nom de la victime
policy-field-victim-name-help = Même publié, un nom n’apparaît qu’avec un consentement à la publication non retiré, ou pour une personnalité publique.
policy-field-victim-sex = Sexe de la victime
policy-field-victim-sex-help = Publier ou non le sexe enregistré de chaque victime.
policy-field-victim-age = Âge de la victime
policy-field-victim-age-help = Généraliser donne des tranches d’âge de cinq ans, et les mineurs comme mineurs.
policy-field-perpetrator-organization = Auteur (organisation)
policy-field-perpetrator-organization-help = L’unité ou l’organisation tenue pour responsable.
policy-field-perpetrator-person = Auteur (individu)
policy-field-perpetrator-person-help = Nommer un individu est une accusation contre une personne : cela attend une décision délibérée.
policy-field-intervention = Interventions
policy-field-intervention-help = Actions urgentes et autres interventions concernant les incidents publiés.
policy-field-evidence = Fichiers de preuve
policy-field-evidence-help = Les fichiers ne sortent que sous forme de copies sans métadonnées.
policy-never-published = Jamais publié
policy-never-witness = Témoins
policy-never-witness-why = Les témoins ne sont jamais nommés.
policy-never-source = Sources et informateurs
policy-never-source-why = Les sources et informateurs ne sont jamais nommés.
policy-never-contact = Coordonnées
policy-never-contact-why = Les coordonnées ne sont jamais publiées.
policy-never-sensitive-attributes = Ethnie et religion
policy-never-sensitive-attributes-why = L’ethnie et la religion d’une personne ne sont jamais publiées.
policy-never-evidence-file-name = Noms des fichiers de preuve
policy-never-evidence-file-name-why = Le nom d’un fichier peut dire qui y figure ; il n’est jamais publié.
policy-never-evidence-metadata = Métadonnées des preuves
policy-never-evidence-metadata-why = Les métadonnées de capture (EXIF, GPS, C2PA) sont retirées de tout fichier publié.
policy-statuses = Les incidents dans ces états peuvent être publiés
policy-statuses-help = Les brouillons sont d’ordinaire exclus. Si rien n’est coché, aucun incident n’est publié.
policy-up-to = Publié jusqu’à cette confidentialité
policy-up-to-help = Les incidents confidentiels ne sont jamais publiés, quel que soit le choix ici.
policy-consent-from = Un consentement permet de nommer une victime lorsqu’il a été donné par
policy-consent-from-help = Si rien n’est coché, aucun consentement ne nomme personne ; seules les personnalités publiques sont nommées.
policy-threshold = Plus petit effectif affiché
policy-threshold-help = Les effectifs inférieurs sont masqués dans chaque tableau et graphique publié. Un nombre entier de 1 à 1000 ; 5 est l’usage.
policy-licence = Licence des données ouvertes
policy-licence-help = Un identifiant SPDX, comme CC-BY-4.0.
policy-map = Carte et personnalités publiques
policy-boundaries-set = Des limites régionales sont définies ({ $size }) : le site a une carte. Elles se modifient par /api/v1/publication-policies.
policy-boundaries-none = Aucune limite régionale n’est définie : le site n’a pas de carte. Envoyez-les en GeoJSON ou TopoJSON par /api/v1/publication-policies.
policy-public-figures = { $count ->
    [0] Personne n’est nommé comme personnalité publique (modifiable par /api/v1/publication-policies).
    [one] Une personne est nommée comme personnalité publique (modifiable par /api/v1/publication-policies).
   *[other] { $count } personnes sont nommées comme personnalités publiques (modifiable par /api/v1/publication-policies).
}
policy-save = Enregistrer la politique
policy-saved = La politique a été enregistrée. Elle s’applique à la prochaine publication.
policy-conflict-title = Quelqu’un d’autre a enregistré cette politique pendant que vous la modifiiez
policy-conflict-explain = La politique est maintenant à la version { $version }. Votre modification n’a pas été enregistrée.
policy-rule-invalid = Choisissez parmi : { $rules }.
policy-statuses-invalid = Ne cochez que les états proposés.
policy-up-to-invalid = Choisissez public, interne ou restreint ; les incidents confidentiels ne sont jamais publiés.
policy-consent-from-invalid = Ne cochez que les choix proposés.
policy-threshold-invalid = Donnez un nombre entier de 1 à 1000 (5 est l’usage).
policy-licence-invalid = Donnez un identifiant de licence SPDX comme CC-BY-4.0 (64 caractères au plus).
consents-heading = Consentements
consents-intro = Qui a consenti à quel usage de ce que la collection détient à son sujet, quand et comment cela a été enregistré, et le retrait. Un retrait est une nouvelle version du consentement ; le consentement reste dans son historique.
consents-none = Aucun consentement n’est encore enregistré dans cette collection.
consent-person = Personne
consent-uses = Usages consentis
consent-given-by = Donné par
consent-given-on = Date
consent-recorded = Comment il a été enregistré
consent-state = État
consent-use-publication = Publication sur le site du groupe et en données ouvertes
consent-use-un-mechanism = Transmission à un mécanisme de l’ONU
consent-use-media = Médias
consent-given-by-person = La personne elle-même
consent-given-by-family = La famille
consent-given-by-representative = Un tuteur ou représentant légal
consent-recorded-written = Formulaire signé
consent-recorded-recorded = Enregistrement audio ou vidéo
consent-recorded-oral-witnessed = Dit devant un témoin du groupe
consent-recorded-electronic = Formulaire ou message électronique
consent-active = En vigueur
consent-withdrawn-on = Retiré le { $date }
consent-withdraw = Retirer
consent-new = Enregistrer un consentement
consent-person-id = Personne (id de la fiche)
consent-person-id-help = L’id de la fiche de la personne dans cette collection : la dernière partie de l’adresse de sa page (/records/…).
consent-note = Où le formulaire ou l’enregistrement est conservé
consent-note-help = Facultatif. Affiché seulement à l’intérieur de la collection.
consent-save = Enregistrer le consentement
consent-saved = Le consentement a été enregistré.
consent-withdrawn-saved = Le consentement a été retiré à la date d’aujourd’hui. Il reste dans l’historique de la fiche.
consent-person-unknown = Aucune personne de cette collection que vous pouvez voir n’a cet id. Copiez l’id depuis la page de la personne.
consent-uses-invalid = Cochez au moins un usage auquel la personne a consenti.
consent-given-by-invalid = Choisissez qui a donné le consentement.
consent-recorded-invalid = Choisissez comment le consentement a été enregistré.
